-- Contact data changed online (Actualizar datos, PRODUCT.md §4.7): at most one per person. Pending until
-- the link sent to the new email is used (confirmed_at); then used for recovery and unlock only once
-- clave.contact.cooling-off has passed since confirmed_at. A "No fui yo" or a verification in person at a
-- counter deletes the row: the contact verified in person (columns of persons) stays the one that counts.
create table contact_changes (
    cedula       varchar(10)  primary key references persons (cedula),
    email        varchar(320) not null,
    mobile       varchar(20)  not null,
    requested_at timestamp with time zone not null,
    confirmed_at timestamp with time zone
);
