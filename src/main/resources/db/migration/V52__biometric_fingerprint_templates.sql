-- The fingerprint enrolled at a counter, one per person: SourceAFIS's template (never the image), sealed
-- with AES-GCM under clave.biometric.key and bound to the cédula (a template copied to another row does
-- not open there). The key is never in the database.
create table fingerprint_templates (
    cedula      varchar(10)    primary key references persons (cedula),
    template    varchar(20000) not null,
    enrolled_at timestamp with time zone not null
);
