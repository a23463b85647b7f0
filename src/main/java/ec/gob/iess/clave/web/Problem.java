package ec.gob.iess.clave.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An RFC 9457 problem with Clave's stable {@code code}; the field order is fixed so answers compare byte for byte. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({ "type", "title", "status", "detail", "code", "reasons" })
public record Problem(String type, String title, int status, String detail, String code, List<String> reasons) {
}
