-- The services catalogue shown after login, by role. Names live in the message bundles
-- (service.<code>); the URL is where the relying service lives.
create table services (
    code     varchar(40)  primary key,
    position integer      not null,
    roles    varchar(200) not null,
    url      varchar(500) not null
);
insert into services (code, position, roles, url) values
 ('actualizar-datos',       10, 'AFILIADO,PENSIONISTA,BENEFICIARIO', '/servicios/actualizar-datos'),
 ('historia-laboral',       20, 'AFILIADO,PENSIONISTA',              '/historia-laboral'),
 ('historia-prestacional',  30, 'AFILIADO,PENSIONISTA,BENEFICIARIO', '/historia-prestacional'),
 ('cuenta-bancaria',        40, 'AFILIADO,PENSIONISTA,BENEFICIARIO', '/cuenta-bancaria'),
 ('cesantia',               50, 'AFILIADO',                          '/cesantia'),
 ('fondos-reserva',         60, 'AFILIADO',                          '/fondos-reserva'),
 ('seguro-desempleo',       70, 'AFILIADO',                          '/seguro-desempleo'),
 ('prestamo-quirografario', 80, 'AFILIADO,PENSIONISTA',              '/prestamos/quirografarios'),
 ('prestamo-hipotecario',   90, 'AFILIADO,PENSIONISTA',              '/prestamos/hipotecarios'),
 ('calificacion-medica',   100, 'AFILIADO,PENSIONISTA,BENEFICIARIO', '/calificacion-atencion-medica'),
 ('agendamiento-citas',    110, 'AFILIADO,PENSIONISTA,BENEFICIARIO', '/agendamiento-citas'),
 ('certificado-afiliacion',120, 'AFILIADO,PENSIONISTA',              '/certificado-afiliacion'),
 ('avisos-entrada-salida', 200, 'EMPLEADOR',                         '/empleadores/avisos'),
 ('planillas',             210, 'EMPLEADOR',                         '/empleadores/planillas');
