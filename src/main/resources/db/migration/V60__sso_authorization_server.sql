-- Clave as the OpenID Connect provider (sso module): Spring Authorization Server's three tables, in
-- types that both H2 and PostgreSQL have. Its own DDL uses blob (PostgreSQL has none): every value it
-- writes is text (JSON, tokens), so varchar without a length (unbounded on PostgreSQL, 1,000,000
-- characters on H2) holds them, and instants are timestamps with time zone.
create table oauth2_registered_client (
    id                            varchar(100)  primary key,
    client_id                     varchar(100)  not null unique,
    client_id_issued_at           timestamp with time zone default current_timestamp not null,
    client_secret                 varchar(200),
    client_secret_expires_at      timestamp with time zone,
    client_name                   varchar(200)  not null,
    client_authentication_methods varchar(1000) not null,
    authorization_grant_types     varchar(1000) not null,
    redirect_uris                 varchar(4000),
    post_logout_redirect_uris     varchar(4000),
    scopes                        varchar(1000) not null,
    client_settings               varchar(4000) not null,
    token_settings                varchar(4000) not null
);

create table oauth2_authorization (
    id                            varchar(100) primary key,
    registered_client_id          varchar(100) not null,
    principal_name                varchar(200) not null,
    authorization_grant_type      varchar(100) not null,
    authorized_scopes             varchar(1000),
    attributes                    varchar,
    state                         varchar(500),
    authorization_code_value      varchar,
    authorization_code_issued_at  timestamp with time zone,
    authorization_code_expires_at timestamp with time zone,
    authorization_code_metadata   varchar,
    access_token_value            varchar,
    access_token_issued_at        timestamp with time zone,
    access_token_expires_at       timestamp with time zone,
    access_token_metadata         varchar,
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           varchar,
    oidc_id_token_issued_at       timestamp with time zone,
    oidc_id_token_expires_at      timestamp with time zone,
    oidc_id_token_metadata        varchar,
    refresh_token_value           varchar,
    refresh_token_issued_at       timestamp with time zone,
    refresh_token_expires_at      timestamp with time zone,
    refresh_token_metadata        varchar,
    user_code_value               varchar,
    user_code_issued_at           timestamp with time zone,
    user_code_expires_at          timestamp with time zone,
    user_code_metadata            varchar,
    device_code_value             varchar,
    device_code_issued_at         timestamp with time zone,
    device_code_expires_at        timestamp with time zone,
    device_code_metadata          varchar
);
-- Ending an account's single sign-on (clave change, suspension, logout) deletes by principal; the
-- opaque values looked up on every call (codes, access and refresh tokens, 128 characters) are indexed.
create index oauth2_authorization_principal on oauth2_authorization (principal_name);
create index oauth2_authorization_code on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_access on oauth2_authorization (access_token_value);
create index oauth2_authorization_refresh on oauth2_authorization (refresh_token_value);
create index oauth2_authorization_state on oauth2_authorization (state);

create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null,
    principal_name       varchar(200)  not null,
    authorities          varchar(1000) not null,
    primary key (registered_client_id, principal_name)
);

-- The keys that sign ID tokens (ES256), each private key sealed with clave.sso.key (never in the
-- database in clear) and bound to its kid. The newest is the one that signs; an older one stays in the
-- JWKS until the tokens it signed have expired (sso.SigningKeys).
create table sso_signing_keys (
    kid        varchar(64)   primary key,
    jwk        varchar(4000) not null,
    created_at timestamp with time zone not null
);
