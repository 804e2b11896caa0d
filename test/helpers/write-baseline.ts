// `npm run db:baseline`: writes db/schema.sql from a database made by replaying every migration.
import { writeFileSync } from 'node:fs';
import { schemaBaselinePath } from '../../src/paths.js';
import { migrate, openDatabase, readMigrations } from '../../src/store/database.js';
import { dumpBaseline } from '../../src/store/schema-baseline.js';

const db = openDatabase(':memory:', { migrate: false });
const migrations = readMigrations();
migrate(db, migrations, null);
writeFileSync(schemaBaselinePath, dumpBaseline(db, migrations.at(-1)!.version));
db.close();
process.stdout.write(`wrote ${schemaBaselinePath}\n`);
