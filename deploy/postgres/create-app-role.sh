#!/usr/bin/env bash
# Run once by the postgres image when its data directory is new (docker-entrypoint-initdb.d): the role
# the portal's processes connect as. It owns nothing; `manage.py grant_app_role` (run by the migrate
# service, as the owner) gives it row access, and only SELECT and INSERT on the audit trail.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$PORTAL_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE portal_app LOGIN PASSWORD :'app_password';
SQL
