-- Vector tiles below zoom 14 show parcels summarised in square cells (issue 6): a z12 tile of a 1M-parcel city
-- covers ~40,000 parcels, too many to aggregate per request (0.6 s at z12, 10 s at z4). This table keeps the
-- summary at the finest cell (z13: 128/4096 of a tile, 152.87 m in EPSG:3857), one row per cell and status,
-- indexed like tiles (cx east, cy south from the north-west corner of the world); coarser zooms add cells up.
-- Statement triggers with transition tables keep it in step with every insert, update, delete and truncate,
-- set-based, so a bulk load or import pays one aggregation rather than one upsert per row.
create table parcel_overview_cells (
  cx integer not null,
  cy integer not null,
  status text not null,
  parcels integer not null,
  area_m2 double precision not null,
  primary key (cx, cy, status)
);
-- emptied cells are deleted after every change: this finds them without a scan
create index parcel_overview_cells_empty_idx on parcel_overview_cells (cx) where parcels = 0;

-- the cell holding the centre of the parcel's box (EPSG:3857); the box is stored with the geometry
create function parcel_overview_cell_x(g geometry) returns integer language sql immutable parallel safe as
$$ select floor(((ST_XMin(Box2D(g)) + ST_XMax(Box2D(g))) / 2 + 20037508.342789244) / 152.8740565703525)::integer $$;
create function parcel_overview_cell_y(g geometry) returns integer language sql immutable parallel safe as
$$ select floor((20037508.342789244 - (ST_YMin(Box2D(g)) + ST_YMax(Box2D(g))) / 2) / 152.8740565703525)::integer $$;

-- adds the inserted parcels to their cells and takes the deleted ones away (an update does both)
create function parcel_overview_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from parcel_overview_cells;
    return null;
  end if;
  -- a transition table is only named in the branch of the operation that has it
  if tg_op = 'INSERT' then
    insert into parcel_overview_cells as c (cx, cy, status, parcels, area_m2)
    select parcel_overview_cell_x(geom_3857), parcel_overview_cell_y(geom_3857), status, count(*), sum(area_m2)
    from new_rows group by 1, 2, 3
    on conflict (cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  elsif tg_op = 'DELETE' then
    insert into parcel_overview_cells as c (cx, cy, status, parcels, area_m2)
    select parcel_overview_cell_x(geom_3857), parcel_overview_cell_y(geom_3857), status, -count(*), -sum(area_m2)
    from old_rows group by 1, 2, 3
    on conflict (cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  else
    insert into parcel_overview_cells as c (cx, cy, status, parcels, area_m2)
    select cx, cy, status, sum(n), sum(a) from (
      select parcel_overview_cell_x(geom_3857) as cx, parcel_overview_cell_y(geom_3857) as cy, status,
        -1 as n, -area_m2 as a from old_rows
      union all
      select parcel_overview_cell_x(geom_3857), parcel_overview_cell_y(geom_3857), status, 1, area_m2 from new_rows
    ) d group by 1, 2, 3
    on conflict (cx, cy, status) do update
      set parcels = c.parcels + excluded.parcels, area_m2 = c.area_m2 + excluded.area_m2;
  end if;
  delete from parcel_overview_cells where parcels = 0;
  return null;
end $$;

create trigger parcels_overview_insert after insert on parcels
  referencing new table as new_rows for each statement execute function parcel_overview_apply();
create trigger parcels_overview_update after update on parcels
  referencing old table as old_rows new table as new_rows for each statement execute function parcel_overview_apply();
create trigger parcels_overview_delete after delete on parcels
  referencing old table as old_rows for each statement execute function parcel_overview_apply();
create trigger parcels_overview_truncate after truncate on parcels
  for each statement execute function parcel_overview_apply();

insert into parcel_overview_cells (cx, cy, status, parcels, area_m2)
select parcel_overview_cell_x(geom_3857), parcel_overview_cell_y(geom_3857), status, count(*), sum(area_m2)
from parcels group by 1, 2, 3;
