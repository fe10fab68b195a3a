-- 巡查照片的缩略图 (issue 17): each photo's thumbnail, made on the server when the photo arrives (at most 480 px,
-- JPEG, turned upright, without the photo's EXIF — so no position), stored like any content (0027), by SHA-256.
-- Null for a photo whose bytes the image library could not read, and for photos recorded before this migration.
alter table inspection_photos add column thumb_sha256 text references file_contents (sha256);
