"""The warehouse: DDL, connections, the writer lock and every write."""
