package app.hisaab.web;

import app.hisaab.money.AmountInput;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at {@code /v3/api-docs} as a client generator needs it, from rules rather than an
 * annotation on every method: the caller's id ({@link CurrentUser}) is no parameter; every route needs the
 * bearer token unless its handler says {@code @SecurityRequirements()} (signing in, health); a POST to a
 * path that also lists (GET) is a create, {@code 201}, or {@code 200} for a replay of the same create with the
 * same client id; each route lists the {@code application/problem+json} answers it can give; operation ids
 * and summaries come from the handler when {@code @Operation} does not set them, the tag from the controller's
 * subject when it has no {@code @Tag}. Examples are in
 * {@code openapi/examples.json}, one per schema. Controllers carry only {@code @Tag}, {@code @Operation} and
 * the odd {@code @ApiResponse} for what no rule can tell (a 403, a 304). Decision 0012.
 */
@Component
class ApiDocumentation implements OpenApiCustomizer, OperationCustomizer {

    static final String BEARER = "bearerToken";
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String RESPONSES = "#/components/responses/";
    private static final String SCHEMAS = "#/components/schemas/";

    /** A problem answer routes share, as a component of the document. */
    private record Shared(String component, String description) {}

    /** The problem answers, by status. */
    private static final Map<String, Shared> PROBLEMS = Map.ofEntries(
            Map.entry("400", new Shared("BadRequest", "Invalid input: `errors` names each bad field")),
            Map.entry("401", new Shared("Unauthorized", "Missing, invalid or expired access token")),
            Map.entry("403", new Shared("Forbidden", "Visible to you, but you may not change it")),
            Map.entry("404", new Shared("NotFound", "No such object, deleted, or not visible to you")),
            Map.entry(
                    "409",
                    new Shared(
                            "Conflict",
                            "The id is taken by other content, or `version` is stale (`current` holds the object)")),
            Map.entry("413", new Shared("ContentTooLarge", "Body over 64 KiB")),
            Map.entry("415", new Shared("UnsupportedMediaType", "Body that is not `application/json`")),
            Map.entry("429", new Shared("TooManyRequests", "Rate limited: retry after `Retry-After` seconds")),
            Map.entry("431", new Shared("RequestHeaderFieldsTooLarge", "Request headers over 8 KiB")),
            Map.entry(
                    "503",
                    new Shared("Unavailable", "Database unreachable, nothing was written: retry after `Retry-After`")));

    private static final String DESCRIPTION = """
            The HTTP API of Hisaab: personal expenses, bills split between friends and in groups, udhari \
            (informal loans), invites, balances and settlements, and the change feed that keeps every device \
            in step.

            The contract in words is `docs/api.md` in the repository, and `docs/client-guide.md` shows \
            a client's flows (sign-in and refresh, offline writes with client ids, the WebSocket, \
            conflicts). In short:

            - **Auth.** Register or log in for an access token (a JWT, 15 minutes) and a refresh token; \
            send `Authorization: Bearer <token>` on every other call. Refresh before or on a `401`.
            - **Money** is a decimal string in responses (`"12.50"`), a string or number in requests, \
            with at most the currency's decimals.
            - **Creates** may carry a client-chosen `id` (UUID): `201` the first time, `200` with the \
            stored object when the same create is sent again, `409` when the id is taken otherwise.
            - **Updates** may send `If-Match: "<version>"` (or `version` in the body); a stale one is \
            `409` with the object as it is now in `current`.
            - **Lists** are newest first, paged with `limit` and `before`; `X-Next-Cursor` names the \
            next page.
            - **Errors** are `application/problem+json` (RFC 9457) with `error` repeating the message. \
            Headers over 8 KiB: `431`.
            - **Live changes**: a WebSocket at `/ws` (not described here; see `docs/api.md`) sends each \
            change as it commits; `GET /api/sync` reads the same feed.
            """;

    private final Map<String, Object> examples;

    ApiDocumentation() {
        SpringDocUtils.getConfig()
                .addAnnotationsToIgnore(CurrentUser.class)
                .replaceWithSchema(AmountInput.class, amountSchema());
        this.examples = readExamples();
    }

    // --- Per operation, where the handler is known ---

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        io.swagger.v3.oas.annotations.Operation annotation =
                handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
        if (annotation == null || annotation.operationId().isEmpty()) {
            operation.setOperationId(handler.getMethod().getName() + entity(handler));
        }
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            operation.setSummary(sentence(operation.getOperationId()));
        }
        if (!handler.getBeanType().isAnnotationPresent(io.swagger.v3.oas.annotations.tags.Tag.class)) {
            // Springdoc's default would be the class name in kebab case ("group-controller").
            operation.setTags(List.of(sentence(entity(handler))));
        }
        if (operation.getSecurity() == null) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        return operation;
    }

    /** {@code FriendController} → {@code Friend}: what the handler's routes are about. */
    private static String entity(HandlerMethod handler) {
        return handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
    }

    /** {@code listFriend} → {@code List friend}. */
    private static String sentence(String camel) {
        String words = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    // --- The whole document ---

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title("Hisaab API").version("1").description(DESCRIPTION));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSecuritySchemes(
                BEARER,
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("The `token` from register, login or refresh: `Authorization: Bearer <token>`"));
        addProblemSchemas(components);
        PROBLEMS.forEach((status, shared) ->
                components.addResponses(shared.component(), problemResponse(status, shared.description())));
        fixSchemas(components);

        if (api.getPaths() != null) {
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> document(path, item, method, operation)));
        }
        defineTags(api);
        dropUnusedProblemResponses(api);
    }

    private void document(String path, PathItem item, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.forEach((status, response) -> jsonContent(status, response));
        if (operation.getRequestBody() != null) {
            Content content = operation.getRequestBody().getContent();
            if (content != null && content.containsKey("*/*")) {
                content.put(JSON, content.remove("*/*"));
            }
        }
        boolean create = method == PathItem.HttpMethod.POST && item.getGet() != null;
        if (create && responses.containsKey("200") && !responses.containsKey("201")) {
            // The status is the handler's choice at run time (web.Created): 201 new, 200 the stored replay.
            ApiResponse stored = responses.remove("200");
            responses.addApiResponse(
                    "201", new ApiResponse().description("Created").content(stored.getContent()));
            responses.addApiResponse(
                    "200",
                    new ApiResponse()
                            .description("The same create sent again (same client `id`, same content): the stored"
                                    + " object, nothing new written")
                            .content(stored.getContent()));
        }
        describeParameters(operation);
        for (String status : problemsOf(path, method, operation, create)) {
            ApiResponse existing = responses.get(status);
            if (existing == null) {
                responses.addApiResponse(
                        status,
                        new ApiResponse().$ref(RESPONSES + PROBLEMS.get(status).component()));
            }
        }
        // A 4xx an @ApiResponse describes (a 403, a 409 with its own words) answers a problem too.
        responses.forEach((status, response) -> {
            if (status.startsWith("4") && response.get$ref() == null) {
                response.content(problemContent());
            }
        });
        ApiResponse ok = responses.get("200");
        if (ok != null && ok.get$ref() == null && parameterNamed(operation, "before")) {
            ok.addHeaderObject(
                    Page.NEXT_CURSOR_HEADER,
                    new Header()
                            .description("Present when more items exist: send it as `before` for the next page")
                            .schema(string()));
        }
        if (ok != null && ok.get$ref() == null && parameterNamed(operation, "If-None-Match")) {
            ok.addHeaderObject(
                    "ETag",
                    new Header().description("Send it back in `If-None-Match`").schema(string()));
        }
        sortResponses(operation);
    }

    /** The problem answers a route can give, from what it takes and whether it needs a token. */
    private static List<String> problemsOf(
            String path, PathItem.HttpMethod method, Operation operation, boolean create) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        boolean pathVariable = parameters.stream().anyMatch(p -> "path".equals(p.getIn()));
        boolean ifMatch = parameters.stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
        boolean token =
                operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean api = path.startsWith("/api/");
        List<String> problems = new ArrayList<>();
        if (body || !parameters.isEmpty()) {
            problems.add("400");
        }
        if (token) {
            problems.add("401");
        }
        if (pathVariable) {
            problems.add("404");
        }
        if (create || ifMatch) {
            problems.add("409");
        }
        if (body) {
            problems.add("413");
            problems.add("415");
        }
        if (api) {
            problems.add("429");
            problems.add("503");
        }
        if (problems.stream().noneMatch(s -> s.startsWith("4"))) {
            // Health: the only client error left is a header block over 8 KiB, which every route shares.
            problems.add("431");
        }
        return problems;
    }

    private static boolean parameterNamed(Operation operation, String name) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> name.equalsIgnoreCase(p.getName()));
    }

    private static void jsonContent(String status, ApiResponse response) {
        if (response.get$ref() != null) {
            return;
        }
        if (status.equals("204") || status.equals("304")) {
            response.setContent(null);
            return;
        }
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            content.put(JSON, content.remove("*/*"));
        }
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription("OK");
        }
    }

    private static void describeParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            switch (parameter.getName()) {
                case "limit" ->
                    parameter
                            .description("Items per page (default 200, at most 1000; the change feed: 500 and 2000)")
                            .schema(integerSchema(1));
                case "before" -> parameter.description("The `X-Next-Cursor` of the previous page");
                case "since" ->
                    parameter
                            .description("The highest `seq` the client has applied (default 0)")
                            .schema(integerSchema(0));
                case "If-Match" ->
                    parameter
                            .description("The `version` the client last saw, quoted: `\"3\"`; a stale one is 409")
                            .example("\"1\"");
                case "If-None-Match" ->
                    parameter.description("The `ETag` of the list the client holds: 304 if unchanged");
                case "friendUserId" -> {
                    if ("query".equals(parameter.getIn())) {
                        parameter.description("Only what is shared with this friend (a user id)");
                    }
                }
                default -> {
                    // described by its name and schema
                }
            }
        }
    }

    private static void sortResponses(Operation operation) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(operation.getResponses()).forEach(sorted::addApiResponse);
        sorted.setExtensions(operation.getResponses().getExtensions());
        operation.setResponses(sorted);
    }

    private static void defineTags(OpenAPI api) {
        Map<String, Tag> tags = new TreeMap<>();
        if (api.getTags() != null) {
            api.getTags().forEach(tag -> tags.put(tag.getName(), tag));
        }
        if (api.getPaths() != null) {
            api.getPaths().values().stream()
                    .flatMap(item -> item.readOperations().stream())
                    .filter(operation -> operation.getTags() != null)
                    .flatMap(operation -> operation.getTags().stream())
                    .forEach(name -> tags.computeIfAbsent(name, n -> new Tag().name(n)));
        }
        tags.values().forEach(tag -> {
            if (tag.getDescription() == null || tag.getDescription().isBlank()) {
                tag.setDescription(sentence(tag.getName()));
            }
        });
        List<Tag> ordered = new ArrayList<>(tags.values());
        ordered.sort(Comparator.comparing(Tag::getName));
        api.setTags(ordered);
    }

    private static void dropUnusedProblemResponses(OpenAPI api) {
        Set<String> used = new java.util.HashSet<>();
        if (api.getPaths() != null) {
            api.getPaths().values().stream()
                    .flatMap(item -> item.readOperations().stream())
                    .flatMap(operation -> operation.getResponses().values().stream())
                    .filter(response -> response.get$ref() != null)
                    .forEach(response -> used.add(response.get$ref().substring(RESPONSES.length())));
        }
        api.getComponents().getResponses().keySet().removeIf(name -> !used.contains(name));
    }

    // --- Schemas ---

    private static void addProblemSchemas(Components components) {
        components.addSchemas(
                "FieldError",
                object().description("One bad field of a request")
                        .addProperty(
                                "field",
                                string().description("The field, as the request named it: `amount`, `splits.<userId>`"))
                        .addProperty("message", string().description("What is wrong with it"))
                        .required(List.of("field", "message")));
        components.addSchemas(
                "Problem",
                object().description("An error (RFC 9457); `error` repeats the message for the prototype's clients")
                        .addProperty("type", string().description("Always `about:blank`"))
                        .addProperty("title", string().description("The status's reason phrase"))
                        .addProperty(
                                "status",
                                new Schema<>().types(Set.of("integer")).format("int32"))
                        .addProperty("detail", string().description("What went wrong"))
                        .addProperty("error", string().description("The same message as `detail`"))
                        .addProperty(
                                "errors",
                                new Schema<>()
                                        .types(Set.of("array"))
                                        .items(new Schema<>().$ref(SCHEMAS + "FieldError"))
                                        .description("Each bad field (validation 400s)"))
                        .addProperty(
                                "current", new Schema<>().description("The object as it is now (version conflicts)"))
                        .required(List.of("type", "title", "status", "error")));
    }

    private void fixSchemas(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null) {
            return;
        }
        Schema<?> change = schemas.get("Change");
        if (change != null
                && change.getProperties() != null
                && change.getProperties().containsKey("data")) {
            // Stored JSON written through as is: the object as GET returns it, or {id} for a delete.
            change.getProperties()
                    .put("data", object().description("The object as GET returns it to you; `{id}` for `*_deleted`"));
        }
        examples.forEach((name, example) -> {
            Schema<?> schema = schemas.get(name);
            if (schema != null) {
                schema.setExample(example);
            }
        });
    }

    private static ApiResponse problemResponse(String status, String description) {
        ApiResponse response = new ApiResponse().description(description).content(problemContent());
        if (status.equals("429") || status.equals("503")) {
            response.addHeaderObject(
                    "Retry-After",
                    new Header().description("Seconds to wait before retrying").schema(integerSchema(1)));
        }
        return response;
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(SCHEMAS + "Problem")));
    }

    /** A JSON number or a plain decimal string: {@code 12}, {@code "12.50"}; never an exponent. */
    private static Schema<?> amountSchema() {
        return new Schema<>()
                .types(Set.of("string", "number"))
                .pattern("^[0-9]+(\\.[0-9]+)?$")
                .description("A plain decimal, as a string (`\"12.50\"`) or a JSON number, with at most the"
                        + " currency's decimals")
                .example("12.50");
    }

    private static Schema<?> integerSchema(int minimum) {
        return new Schema<>().types(Set.of("integer")).minimum(java.math.BigDecimal.valueOf(minimum));
    }

    private static Schema<?> object() {
        return new Schema<>().types(Set.of("object"));
    }

    private static Schema<?> string() {
        return new Schema<>().types(Set.of("string"));
    }

    private static Map<String, Object> readExamples() {
        try (InputStream in = ApiDocumentation.class.getResourceAsStream("/openapi/examples.json")) {
            if (in == null) {
                return Map.of();
            }
            return JsonMapper.builder().build().readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
