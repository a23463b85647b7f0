-- Contact data that came from the institution's registry (import --persons), not verified in person: kept
-- apart from the contact_* columns, which only a counter visit (or a registry row that says where and when
-- it was verified in person) fills. Online recovery and unlock never use these (decision 147).
alter table persons add column registry_email varchar(320);
alter table persons add column registry_mobile varchar(20);
alter table persons add column registry_imported_at timestamp with time zone;
