// Placeholder: the foundation issue replaces this with the real CLI (check | simulate | shell).
process.stderr.write('kube-rehearsal: not built yet\n');
process.exit(2);
