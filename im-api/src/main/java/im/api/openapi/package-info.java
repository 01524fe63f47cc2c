/** The OpenAPI document served at /v3/api-docs and Swagger UI. */
package im.api.openapi;
