-- Passkeys (PRODUCT.md §4.7b): the tables of Spring Security's JdbcPublicKeyCredentialUserEntityRepository
-- and JdbcUserCredentialRepository, with the names and columns those classes read and write. Ids are
-- base64url text; the keys and the attestation are bytes (bytea on PostgreSQL, binary varying on H2).
-- One WebAuthn user entity per account (name = the cédula or RUC); its id is random and says nothing.
create table user_entities (
    id           varchar(1000) primary key,
    name         varchar(13)   not null unique references accounts (username),
    display_name varchar(200)
);

create table user_credentials (
    credential_id                varchar(1000) primary key,
    user_entity_user_id          varchar(1000) not null references user_entities (id) on delete cascade,
    public_key                   bytea         not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp with time zone,
    last_used                    timestamp with time zone,
    label                        varchar(1000) not null
);

create index user_credentials_user on user_credentials (user_entity_user_id);
