package im.api.web;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The REST API's mappings are looked up by {@link LiteralPrefixMapping}. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration implements WebMvcRegistrations {

	@Override
	public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
		return new LiteralPrefixMapping();
	}

}
