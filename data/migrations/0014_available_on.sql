-- Why: 可供地 "available by a date" has one meaning everywhere (issue 12): ready to offer (planning conditions
-- done, actual or forecast) by then and not yet handed over. The list's available_by, OGC datetime, the
-- dashboard's month sums and the time slider all filter this one stored column, so SQL can index it.
alter table land_forecasts
  add column available_on date generated always as (case when readiness = 'done' then null else ready_on end) stored;
create index land_forecasts_available_on on land_forecasts (available_on);
