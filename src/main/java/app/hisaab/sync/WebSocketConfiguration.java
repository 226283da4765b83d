package app.hisaab.sync;

import app.hisaab.web.ClientAddress;
import app.hisaab.web.ProblemWriter;
import app.hisaab.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket at {@code /ws} and {@code /}: plain WebSocket with JSON messages (no STOMP), browser
 * origins limited to {@code CORS_ORIGINS} (a request without {@code Origin} is not a browser's).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    /**
     * Tomcat allocates both message buffers for every connection when it opens (a text buffer of 64 Ki
     * chars is 128 KiB), so they are kept small: a client's ping fits in 512 chars, an auth with its token in two parts,
     * and a longer one arrives in parts that {@link SyncSocketHandler} joins up to the 16 KiB limit.
     * Binary messages are refused on their first part.
     */
    private static final int TEXT_BUFFER_CHARS = 512;

    private static final int BINARY_BUFFER_BYTES = 128;

    private final SessionHub hub;
    private final SocketAuthentication authentication;
    private final ProblemWriter problems;
    private final JsonMapper json;
    private final WebProperties web;
    private final WebSocketProperties properties;
    private final ClientAddress addresses;

    WebSocketConfiguration(
            SessionHub hub,
            SocketAuthentication authentication,
            ProblemWriter problems,
            JsonMapper json,
            WebProperties web,
            WebSocketProperties properties,
            ClientAddress addresses) {
        this.hub = hub;
        this.authentication = authentication;
        this.problems = problems;
        this.json = json;
        this.web = web;
        this.properties = properties;
        this.addresses = addresses;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new SyncSocketHandler(hub, authentication, json, properties), "/ws", "/")
                .addInterceptors(new SocketHandshake(authentication, problems, addresses))
                .setAllowedOrigins(web.corsOrigins().toArray(String[]::new));
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        return container;
    }
}
