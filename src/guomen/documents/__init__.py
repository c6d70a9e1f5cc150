"""Travel documents: MRZ engine, document types, the registry of issued and lost documents."""
