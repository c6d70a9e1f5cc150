"""Small value objects, ids, clock and errors shared by every capability."""
