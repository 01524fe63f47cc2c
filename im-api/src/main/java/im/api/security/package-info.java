/** Access tokens (HS256 JWTs), HTTP security rules and their problem-detail answers. */
package im.api.security;
