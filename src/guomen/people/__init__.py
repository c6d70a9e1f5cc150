"""People: travellers and applicants, the holders of documents and movements."""
