"""Pure decision logic for flows: queueing maths and lane planning."""
