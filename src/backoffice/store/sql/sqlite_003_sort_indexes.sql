-- Every sort the ticket list offers walks an index in order, so a page reads about a
-- page of rows instead of sorting every match.
CREATE INDEX tickets_priority ON tickets(priority_rank, id)
-- split
CREATE INDEX tickets_created ON tickets(created_at, id)
-- split
CREATE INDEX tickets_channel ON tickets(channel, id)
-- split
CREATE INDEX tickets_category ON tickets(category, id)
-- split
CREATE INDEX tickets_subject ON tickets(subject, id)
-- split
CREATE INDEX tickets_holder ON tickets(COALESCE(assignee, ''), id)
