/**
 * Running Clave on many nodes: what the operator's tools read beside the metrics each module counts and the
 * readiness each module reports — the JSON log lines, masked as the plain ones (docs/operations.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations")
package ec.gob.iess.clave.operations;
