ALTER TABLE accounts ADD COLUMN frozen_from TEXT
