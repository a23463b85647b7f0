-- People known to Clave (asegurados): registered by staff at a Centro de Atención Universal.
create table persons (
    cedula              varchar(10)  primary key,
    first_names         varchar(200) not null,
    last_names          varchar(200) not null,
    birth_date          date         not null,
    fingerprint_code    varchar(12)  not null,
    roles               varchar(100) not null,
    -- contact verified in person (email and mobile, with who/where/when)
    contact_email       varchar(320),
    contact_mobile      varchar(20),
    contact_verified_at timestamp with time zone,
    contact_center      varchar(100),
    contact_agent       varchar(100),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null
);
