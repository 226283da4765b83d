package app.hisaab.udhari;

import app.hisaab.web.CurrentUser;
import app.hisaab.web.Versions;
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

@RestController
@RequestMapping("/api/udhari")
class UdhariController {

    private final UdhariService udhari;

    UdhariController(UdhariService udhari) {
        this.udhari = udhari;
    }

    record SettleRequest(String date) {}

    @GetMapping
    ResponseEntity<List<Udhari>> list(
            @CurrentUser UUID me,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String friendUserId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String before) {
        return udhari.list(me, status, friendUserId, limit, before).toResponse();
    }

    @PostMapping
    ResponseEntity<Udhari> create(@CurrentUser UUID me, @RequestBody UdhariRequest request) {
        return udhari.create(me, request).response();
    }

    @GetMapping("/{id}")
    Udhari get(@CurrentUser UUID me, @PathVariable UUID id) {
        return udhari.get(me, id);
    }

    @PutMapping("/{id}")
    Udhari replace(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody UdhariRequest request) {
        return udhari.replace(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @PatchMapping("/{id}")
    Udhari patch(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody UdhariRequest request) {
        return udhari.patch(me, id, request, Versions.expected(ifMatch, request.version()));
    }

    @PostMapping("/{id}/settle")
    Udhari settle(@CurrentUser UUID me, @PathVariable UUID id, @RequestBody(required = false) SettleRequest request) {
        return udhari.settle(me, id, request == null ? null : request.date());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            @CurrentUser UUID me,
            @PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        udhari.delete(me, id, Versions.expected(ifMatch, null));
    }
}
