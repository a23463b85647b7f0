-- Employers (empleadores): a RUC, a legal name, the legal representative (a person, by cédula) and
-- the employer's registered email, where its recovery and unlock mail goes.
create table employers (
    ruc                  varchar(13)  primary key,
    legal_name           varchar(300) not null,
    representative_cedula varchar(10) not null,
    email                varchar(320) not null,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null
);
