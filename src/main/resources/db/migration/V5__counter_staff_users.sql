-- Staff of the Centros de Atención Universal: password + TOTP.
create table staff_users (
    username        varchar(64)  primary key,
    password_hash   varchar(200) not null,
    roles           varchar(100) not null,
    center          varchar(100) not null,
    totp_secret     varchar(64)  not null,
    totp_last_step  bigint       not null default 0,
    failed_attempts integer      not null default 0,
    locked_until    timestamp with time zone,
    created_at      timestamp with time zone not null
);
