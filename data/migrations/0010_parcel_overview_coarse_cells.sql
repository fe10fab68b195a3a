-- Overview tiles at zooms 0–10 added up the z13 cells of parcel_overview_cells: at zooms 0–7 about 380,000 rows
-- for a 1M-parcel city (0.3–0.5 s per tile), paid again after every parcel change (a change drops the overview
-- tiles). This table keeps the same summary in coarser cells, `k` z13 cells wide: k = 8 (z10 cells) for zooms
-- 8–10 and k = 64 (z7 cells) for zooms 0–7, so a tile adds up 64 or 4,096 times fewer rows. A statement trigger
-- on parcel_overview_cells keeps it in step with every change there, set-based like the triggers of 0008.
create table parcel_overview_coarse_cells (
  k integer not null check (k in (8, 64)),
  cx integer not null,
  cy integer not null,
  status text not null,
  parcels integer not null,
  area_m2 double precision not null,
  primary key (k, cx, cy, status)
);

-- adds what the fine cells gained and takes away what they lost (an update does both)
create function parcel_overview_coarse_apply() returns trigger language plpgsql as $$
begin
  -- a transition table is only named in the branch of the operation that has it
  if tg_op = 'INSERT' then
    insert into parcel_overview_coarse_cells as c (k, cx, cy, status, parcels, area_m2)
    select k.k, floor(cx::float8 / k.k)::integer, floor(cy::float8 / k.k)::integer, status, sum(parcels), sum(area_m2)
    from new_rows cross join (values (8), (64)) k(k) group by 1, 2, 3, 4
    on conflict (k, cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  elsif tg_op = 'DELETE' then
    insert into parcel_overview_coarse_cells as c (k, cx, cy, status, parcels, area_m2)
    select k.k, floor(cx::float8 / k.k)::integer, floor(cy::float8 / k.k)::integer, status, -sum(parcels), -sum(area_m2)
    from old_rows cross join (values (8), (64)) k(k) group by 1, 2, 3, 4
    on conflict (k, cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  else
    insert into parcel_overview_coarse_cells as c (k, cx, cy, status, parcels, area_m2)
    select k.k, floor(cx::float8 / k.k)::integer, floor(cy::float8 / k.k)::integer, status, sum(n), sum(a) from (
      select cx, cy, status, -parcels as n, -area_m2 as a from old_rows
      union all
      select cx, cy, status, parcels, area_m2 from new_rows
    ) d cross join (values (8), (64)) k(k) group by 1, 2, 3, 4
    on conflict (k, cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  end if;
  delete from parcel_overview_coarse_cells where parcels = 0;
  return null;
end $$;

create trigger parcel_overview_cells_coarse_insert after insert on parcel_overview_cells
  referencing new table as new_rows for each statement execute function parcel_overview_coarse_apply();
create trigger parcel_overview_cells_coarse_update after update on parcel_overview_cells
  referencing old table as old_rows new table as new_rows for each statement execute function parcel_overview_coarse_apply();
create trigger parcel_overview_cells_coarse_delete after delete on parcel_overview_cells
  referencing old table as old_rows for each statement execute function parcel_overview_coarse_apply();

insert into parcel_overview_coarse_cells (k, cx, cy, status, parcels, area_m2)
select k.k, floor(cx::float8 / k.k)::integer, floor(cy::float8 / k.k)::integer, status, sum(parcels), sum(area_m2)
from parcel_overview_cells cross join (values (8), (64)) k(k) group by 1, 2, 3, 4;
