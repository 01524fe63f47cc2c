-- A recalled message keeps its place (seq) but loses its text; an edited one records when.
ALTER TABLE messages ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE messages ADD COLUMN recalled_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE messages ADD COLUMN recalled_by BIGINT;
