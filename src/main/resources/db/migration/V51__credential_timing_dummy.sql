-- One row shaped like an account, never read by anyone: a login for an unknown cédula locks and
-- rewrites it exactly as a wrong clave locks and rewrites the account's row, so both failures do the
-- same database work and take the same time (SECURITY.md 5).
create table account_timing_dummy (
    username             varchar(13)  primary key,
    kind                 varchar(12)  not null,
    status               varchar(12)  not null,
    password_hash        varchar(200),
    temporary_expires_at timestamp with time zone,
    failed_attempts      integer      not null default 0,
    locked_at            timestamp with time zone,
    suspended_reason     varchar(500),
    password_changed_at  timestamp with time zone,
    created_at           timestamp with time zone not null
);
insert into account_timing_dummy (username, kind, status, failed_attempts, created_at)
values ('-', 'ASEGURADO', 'SIN_CLAVE', 0, timestamp with time zone '2026-11-01 00:00:00+00');
