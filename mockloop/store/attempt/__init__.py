"""Everything the store keeps about attempts: rows (one attempt's life and edits), records
(one attempt as read), lists (attempts in numbers), results (the stored analysis)."""
