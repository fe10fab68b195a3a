-- Why: at 1M parcels the dashboard's "可供地 per month" summed the area of every parcel whose available_on falls in
-- the months asked for (a join of land_forecasts with parcels over hundreds of thousands of rows: p95 ≈ 300 ms).
-- Those sums are now kept as data: land_available_months holds, per month, the area and count of the parcels whose
-- available_on falls in it, maintained by statement triggers on land_forecasts, so in the same transaction as every
-- forecast write (one small aggregate per statement, not per row). The dashboard reads a dozen rows.
-- The backfills below touch every forecast: no statement timeout for them.
set local statement_timeout = 0;

-- the parcel's area (parcels.area_m2) beside its forecast, so the triggers can sum it without a join; the forecast
-- write copies it, and a geometry change copies it again (trigger on parcels below)
alter table land_forecasts add column area_m2 double precision not null default 0;
update land_forecasts f set area_m2 = p.area_m2 from parcels p where p.id = f.parcel_id;

create table land_available_months (
  -- first day of the month (zone dates)
  month date primary key,
  -- exact sums of the float areas, so that adding and taking away never drifts
  area_m2 numeric not null,
  parcels bigint not null
);
insert into land_available_months (month, area_m2, parcels)
select date_trunc('month', available_on)::date, sum(area_m2::numeric), count(*)
from land_forecasts where available_on is not null group by 1;

-- adds the rows of `added` and takes away those of `removed` (transition tables), month by month in month order
-- (so two transactions lock the months they share in the same order)
create function land_available_months_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into land_available_months as s (month, area_m2, parcels)
    select date_trunc('month', available_on)::date, sum(area_m2::numeric), count(*)
    from added_rows where available_on is not null group by 1 order by 1
    on conflict (month) do update set area_m2 = s.area_m2 + excluded.area_m2, parcels = s.parcels + excluded.parcels;
  elsif tg_op = 'DELETE' then
    insert into land_available_months as s (month, area_m2, parcels)
    select date_trunc('month', available_on)::date, -sum(area_m2::numeric), -count(*)
    from removed_rows where available_on is not null group by 1 order by 1
    on conflict (month) do update set area_m2 = s.area_m2 + excluded.area_m2, parcels = s.parcels + excluded.parcels;
  else
    insert into land_available_months as s (month, area_m2, parcels)
    select month, sum(area), sum(n) from (
      select date_trunc('month', available_on)::date as month, area_m2::numeric as area, 1 as n
      from added_rows where available_on is not null
      union all
      select date_trunc('month', available_on)::date, -area_m2::numeric, -1
      from removed_rows where available_on is not null) d
    group by month having sum(n) <> 0 or sum(area) <> 0 order by month
    on conflict (month) do update set area_m2 = s.area_m2 + excluded.area_m2, parcels = s.parcels + excluded.parcels;
  end if;
  return null;
end $$;

create trigger land_forecasts_months_insert after insert on land_forecasts
  referencing new table as added_rows for each statement execute function land_available_months_apply();
create trigger land_forecasts_months_update after update on land_forecasts
  referencing old table as removed_rows new table as added_rows
  for each statement execute function land_available_months_apply();
create trigger land_forecasts_months_delete after delete on land_forecasts
  referencing old table as removed_rows for each statement execute function land_available_months_apply();

create function land_available_months_clear() returns trigger language plpgsql as $$
begin
  delete from land_available_months;
  return null;
end $$;
create trigger land_forecasts_months_truncate after truncate on land_forecasts
  for each statement execute function land_available_months_clear();

-- a parcel whose geometry (so its area) changes carries its new area into its forecast row, and so into the sums
create function land_forecasts_follow_area() returns trigger language plpgsql as $$
begin
  update land_forecasts set area_m2 = new.area_m2 where parcel_id = new.id and area_m2 is distinct from new.area_m2;
  return null;
end $$;
create trigger parcels_area_to_forecast after update of geom on parcels
  for each row when (old.area_m2 is distinct from new.area_m2) execute function land_forecasts_follow_area();

-- no reader filters or sorts on ready_on or handover_on (available_on has its own index): their indexes only made
-- every forecast write, and the day's turn of 1M parcels, maintain two more b-trees
drop index land_forecasts_ready_on;
drop index land_forecasts_handover_on;
