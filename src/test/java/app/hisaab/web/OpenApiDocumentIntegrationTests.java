package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /v3/api-docs} against the server that serves it: every route Spring MVC
 * maps is documented and nothing else, with the bearer scheme exactly where a request without a token is
 * refused, and with what a client generator needs (decision 0012). It also writes the document to
 * {@code target/openapi.json} for {@code scripts/lint-openapi.sh}.
 */
@IntegrationTest
class OpenApiDocumentIntegrationTests {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    Api api;
    JsonNode document;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        document = api.get("/v3/api-docs", null).expect(200).json();
    }

    @Test
    void theDocumentIsWrittenForTheLint() throws IOException {
        Api.Response response = api.get("/v3/api-docs", null).expect(200);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), response.body());

        assertThat(response.contentType()).startsWith("application/json");
        assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(document.get("info").get("title").asString()).isEqualTo("Hisaab API");
    }

    @Test
    void everyRouteOfTheServerIsDocumentedAndNoOther() {
        Set<String> served = servedRoutes().keySet();

        assertThat(served).as("routes the server maps").contains("POST /api/auth/register", "GET /api/sync");
        assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(served);
        assertThat(document.get("paths").has("/error")).isFalse();
    }

    @Test
    void theBearerSchemeIsOnExactlyTheRoutesThatRefuseARequestWithoutAToken() {
        JsonNode scheme = document.get("components").get("securitySchemes").get(ApiDocumentation.BEARER);
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");

        List<String> open = new ArrayList<>();
        operations((route, operation) -> {
            boolean bearer = false;
            for (JsonNode requirement : operation.path("security")) {
                bearer |= requirement.has(ApiDocumentation.BEARER);
            }
            String[] parts = route.split(" ", 2);
            String path = parts[1].replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            int status = api.send(parts[0], path, null, null, Map.of()).status();
            assertThat(status == 401)
                    .as("%s without a token answers %d, documented bearer: %s", route, status, bearer)
                    .isEqualTo(bearer);
            if (!bearer) {
                open.add(route);
            }
        });
        assertThat(open)
                .contains("POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/refresh")
                .doesNotContain("POST /api/auth/logout", "GET /api/users/me");
        assertThat(open).allMatch(route -> route.startsWith("POST /api/auth/") || route.startsWith("GET /actuator/"));
    }

    @Test
    void theCallersIdIsNoParameter() {
        operations((route, operation) -> {
            for (JsonNode parameter : operation.path("parameters")) {
                assertThat(parameter.get("name").asString()).as(route).isNotEqualTo("me");
            }
        });
        assertThat(document.toString()).doesNotContain("\"name\":\"me\"");
    }

    @Test
    void createsAre201DeletesAre204AndEveryBodyIsJson() {
        operations((route, operation) -> {
            JsonNode responses = operation.get("responses");
            assertThat(responses.propertyNames().stream().anyMatch(s -> s.startsWith("2")))
                    .as("%s has a 2xx", route)
                    .isTrue();
            String[] parts = route.split(" ", 2);
            boolean create = parts[0].equals("POST")
                    && document.get("paths").get(parts[1]).has("get");
            if (create) {
                assertThat(responses.has("201"))
                        .as("%s is a create: 201", route)
                        .isTrue();
                assertThat(responses.get("201").get("content").has("application/json"))
                        .isTrue();
            }
            if (parts[0].equals("DELETE")) {
                assertThat(responses.has("204")).as(route).isTrue();
                assertThat(responses.get("204").has("content")).as(route).isFalse();
            }
            if (operation.has("requestBody")) {
                assertThat(operation.get("requestBody").get("content").propertyNames())
                        .as(route)
                        .containsExactly("application/json");
            }
            for (String status : responses.propertyNames()) {
                JsonNode content = responses.get(status).get("content");
                if (status.startsWith("2") && content != null) {
                    assertThat(content.propertyNames())
                            .as("%s %s", route, status)
                            .containsExactly("application/json");
                }
            }
        });
        // A create whose status the handler picks at run time documents the replay too.
        JsonNode friendCreate =
                document.get("paths").get("/api/friends").get("post").get("responses");
        assertThat(friendCreate.propertyNames()).contains("200", "201", "409");
        JsonNode register =
                document.get("paths").get("/api/auth/register").get("post").get("responses");
        assertThat(register.propertyNames()).contains("201", "409").doesNotContain("200");
        assertThat(document.toString()).doesNotContain("*/*");
    }

    @Test
    void every4xxIsAProblem() {
        JsonNode problem = document.get("components").get("schemas").get("Problem");
        assertThat(problem.get("required").toString()).contains("type", "title", "status", "error");
        operations((route, operation) -> {
            List<String> clientErrors = new ArrayList<>();
            JsonNode responses = operation.get("responses");
            for (String status : responses.propertyNames()) {
                if (!status.startsWith("4") && !status.startsWith("5")) {
                    continue;
                }
                clientErrors.add(status);
                JsonNode response = resolve(responses.get(status));
                assertThat(response.get("content").propertyNames())
                        .as("%s %s", route, status)
                        .containsExactly("application/problem+json");
                assertThat(response.get("content")
                                .get("application/problem+json")
                                .get("schema")
                                .get("$ref")
                                .asString())
                        .isEqualTo("#/components/schemas/Problem");
            }
            assertThat(clientErrors).as(route).anyMatch(s -> s.startsWith("4"));
            if (route.startsWith("POST /api/") || route.startsWith("PUT ") || route.startsWith("PATCH ")) {
                assertThat(clientErrors).as(route).contains("400", "429");
            }
            if (route.matches(".*\\{[^}]+}.*") && !route.startsWith("GET /actuator")) {
                assertThat(clientErrors).as(route).contains("404");
            }
        });
    }

    @Test
    void groupRoutesListTheAnswersNoRuleCanTell() {
        JsonNode paths = document.get("paths");
        // Unsettled nets, and the member and group caps, are 409s on routes no generic rule gives one.
        assertThat(paths.get("/api/groups/{id}/members/{userId}")
                        .get("delete")
                        .get("responses")
                        .propertyNames())
                .contains("204", "404", "409");
        assertThat(paths.get("/api/groups/{id}/members")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("200", "400", "404", "409");
        assertThat(paths.get("/api/groups/{id}")
                        .get("delete")
                        .get("responses")
                        .get("409")
                        .get("description")
                        .asString())
                .startsWith("Settle up");
        assertThat(paths.get("/api/group-expenses/{id}")
                        .get("put")
                        .get("responses")
                        .propertyNames())
                .contains("200", "403");
        assertThat(paths.get("/api/groups").get("get").get("operationId").asString())
                .isEqualTo("listGroups");
        assertThat(paths.get("/api/groups/{id}/balances")
                        .get("get")
                        .get("tags")
                        .get(0)
                        .asString())
                .isEqualTo("Groups");
    }

    @Test
    void operationIdsAreUniqueAndReadableAndEveryOperationHasASummaryAndATag() {
        Set<String> ids = new HashSet<>();
        Set<String> tags = new HashSet<>();
        document.get("tags").forEach(tag -> tags.add(tag.get("name").asString()));
        operations((route, operation) -> {
            String id = operation.get("operationId").asString();
            assertThat(id).as(route).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(id))
                    .as("%s: operation id %s is used once", route, id)
                    .isTrue();
            assertThat(operation.get("summary").asString()).as(route).isNotBlank();
            assertThat(operation.get("tags")).as(route).isNotEmpty();
            operation.get("tags").forEach(tag -> assertThat(tags).contains(tag.asString()));
        });
    }

    @Test
    void examplesAreGivenForTheBodiesAndNoTwoTypesShareASchemaName() {
        JsonNode schemas = document.get("components").get("schemas");
        for (String name : List.of(
                "Registration",
                "Session",
                "Friend",
                "PersonalExpense",
                "GroupExpenseRequest",
                "Group",
                "GroupBalances",
                "Problem")) {
            assertThat(schemas.get(name).has("example")).as(name).isTrue();
        }
        // Springdoc names a schema by the type's simple name: two types with one name would be one schema.
        Map<String, Set<String>> byName = new TreeMap<>();
        for (Class<?> type : reachableTypes()) {
            Schema named = type.getAnnotation(Schema.class);
            String name = named != null && !named.name().isEmpty() ? named.name() : type.getSimpleName();
            byName.computeIfAbsent(name, n -> new TreeSet<>()).add(type.getName());
        }
        assertThat(byName).as("types reachable from the controllers").containsKey("Friend");
        byName.forEach(
                (name, types) -> assertThat(types).as("types named %s", name).hasSize(1));
    }

    // --- Routes ---

    /**
     * "METHOD /path" of every handler method the server maps, but springdoc's own, the error page and
     * controllers marked {@code @Hidden} (the web app's way in, which is not part of the API).
     */
    private Map<String, HandlerMethod> servedRoutes() {
        Map<String, HandlerMethod> routes = new TreeMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                handlerMapping.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            if (handler.getBeanType().getPackageName().startsWith("org.springdoc")
                    || ErrorController.class.isAssignableFrom(handler.getBeanType())
                    || handler.getBeanType().isAnnotationPresent(Hidden.class)) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("ANY");
            }
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
                methods.forEach(method -> routes.put(method + " " + path, handler));
            }
        }
        return routes;
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        operations((route, operation) -> routes.add(route));
        return routes;
    }

    private interface OperationVisitor {
        void visit(String route, JsonNode operation);
    }

    private void operations(OperationVisitor visitor) {
        JsonNode paths = document.get("paths");
        for (String path : paths.propertyNames()) {
            JsonNode item = paths.get(path);
            for (String method : item.propertyNames()) {
                if (METHODS.contains(method)) {
                    visitor.visit(method.toUpperCase(java.util.Locale.ROOT) + " " + path, item.get(method));
                }
            }
        }
    }

    private JsonNode resolve(JsonNode response) {
        if (!response.has("$ref")) {
            return response;
        }
        String name = response.get("$ref").asString().replace("#/components/responses/", "");
        return document.get("components").get("responses").get(name);
    }

    // --- Types ---

    /** The project's types in handler signatures (bodies and answers), and the types of their fields. */
    private Set<Class<?>> reachableTypes() {
        Deque<Type> pending = new ArrayDeque<>();
        for (HandlerMethod handler : servedRoutes().values()) {
            pending.add(handler.getMethod().getGenericReturnType());
            for (Parameter parameter : handler.getMethod().getParameters()) {
                if (parameter.isAnnotationPresent(RequestBody.class)) {
                    pending.add(parameter.getParameterizedType());
                }
            }
        }
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Type type = pending.pop();
            if (type instanceof ParameterizedType parameterized) {
                pending.add(parameterized.getRawType());
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (type instanceof Class<?> c
                    && c.getName().startsWith("app.hisaab.")
                    && c.isRecord()
                    && seen.add(c)) {
                for (RecordComponent component : c.getRecordComponents()) {
                    pending.add(component.getGenericType());
                }
            } else if (type instanceof Class<?> c && c.isArray()) {
                pending.add(c.getComponentType());
            }
        }
        return seen;
    }
}
