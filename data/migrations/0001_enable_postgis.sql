-- Everything spatial in Guatu (areas on the spheroid, tiles in 3857, matching by distance) runs in PostGIS.
create extension if not exists postgis;
