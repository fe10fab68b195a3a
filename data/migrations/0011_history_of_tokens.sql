-- Issuing and revoking an API token are admin actions like changing a user: the audit log (history) records
-- them too, as entity 'token'.
alter table history drop constraint history_entity_type_check;
alter table history add constraint history_entity_type_check check (entity_type in (
  'parcel', 'milestone', 'project', 'blocker', 'reservation', 'infrastructure', 'user', 'setting', 'token'));
