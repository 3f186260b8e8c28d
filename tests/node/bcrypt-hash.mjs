// A bcrypt hash of a password, made the way socket.io's admin server setups make theirs (bcryptjs, cost 10), for the
// Admin UI's PasswordHash option.
// Usage: node bcrypt-hash.mjs <password>. Prints {"kind":"hash","hash":...} then {"kind":"done"}.
import bcrypt from "bcryptjs";

const [password] = process.argv.slice(2);
console.log(JSON.stringify({ kind: "hash", hash: bcrypt.hashSync(password, 10) }));
console.log(JSON.stringify({ kind: "done" }));
