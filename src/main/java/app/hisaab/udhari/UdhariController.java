package app.hisaab.udhari;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Udhari", description = "Money lent and borrowed between two people")
@RestController
@RequestMapping("/api/udhari")
class UdhariController {

    private final UdhariService udhari;

    UdhariController(UdhariService udhari) {
        this.udhari = udhari;
    }

    record SettleRequest(String date) {}

    @Operation(operationId = "listUdhari", summary = "Udhari you created and those that name you")
    @GetMapping
    ResponseEntity<List<Udhari>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return udhari.list(me, status, friendUserId, limit, before).toResponse();
    }

    @Operation(operationId = "createUdhari", summary = "Record money you lent or borrowed")
    @PostMapping
    ResponseEntity<Udhari> create(@CurrentUser UUID me, @RequestBody UdhariRequest request) {
        return udhari.create(me, request).response();
    }

    @Operation(operationId = "getUdhari", summary = "One udhari, as you see it")
    @GetMapping("/{id}")
    Udhari get(@CurrentUser UUID me, @PathVariable UUID id) {
        return udhari.get(me, id);
    }

    @Operation(operationId = "replaceUdhari", summary = "Replace an udhari (its creator only)")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "403", description = "Only its creator may change it")
    @PutMapping("/{id}")
    Udhari replace(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody UdhariRequest request) {
        return udhari.replace(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "updateUdhari", summary = "Change some fields of an udhari (its creator only)")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "403", description = "Only its creator may change it")
    @PatchMapping("/{id}")
    Udhari patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody UdhariRequest request) {
        return udhari.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @Operation(operationId = "settleUdhari", summary = "Mark an udhari settled (either party)")
    @PostMapping("/{id}/settle")
    Udhari settle(@CurrentUser UUID me, @PathVariable UUID id, @RequestBody(required = false) SettleRequest request) {
        return udhari.settle(me, id, request == null ? null : request.date());
    }

    @Operation(operationId = "deleteUdhari", summary = "Delete an udhari (its creator only)")
    @ApiResponse(responseCode = "403", description = "Only its creator may delete it")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        udhari.delete(me, id, Versions.expected(ifMatch, null));
    }
}
