"""Site model to route tables: one section builder per part of a village site."""
