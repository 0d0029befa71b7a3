"""Photos: probe, encode and cache variants; picture markup."""
