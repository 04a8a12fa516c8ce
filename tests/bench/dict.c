/*
 * dict.c: the dictionary's benchmark (make bench): loading the whole
 * CC-CEDICT file (issue 18: at most 5 s), the file's size, opening it,
 * a lookup (at most 1 ms), readings and segmentation.
 *
 *   dict CEDICT.u8.xz OUT.db
 *
 * The text is decompressed with xz -dc. Prints a Markdown table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "glossa/glossa.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This thread's CPU time: a lookup's own cost, without the time another
 * process had the CPU (the machine is shared). */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_xz(const char *path, size_t *len)
{
	char *cmd, *buf = NULL;
	size_t cap = 0, n = 0, r;
	FILE *p;

	if (asprintf(&cmd, "xz -dc '%s'", path) < 0 || !(p = popen(cmd, "r")))
		return NULL;
	free(cmd);
	do {
		if (cap - n < 65536 &&
		    !(buf = realloc(buf, cap = cap * 2 + 65536)))
			return NULL;
		r = fread(buf + n, 1, cap - n - 1, p);
		n += r;
	} while (r);
	if (pclose(p) != 0)
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A text of Chinese policy prose, for lookups at each of its positions
 * and for segmentation. */
static const char prose[] =
    "2021年底，工业和信息化部会同有关部门印发了原材料工业发展规划。规划覆盖"
    "钢铁、有色金属、石化化工、建材等行业，把原材料工业定位为实体经济的根基，"
    "也是制造强国的基础。第一，高质量发展意味着不再单纯追求产量。规划反复强调"
    "控制产能、优化布局、提高集中度，鼓励骨干企业兼并重组。对稀土行业来说，这"
    "与此前形成的几大稀土集团格局一脉相承：开采和冶炼分离实行总量控制，指标只"
    "下达给少数集团，同时继续打击非法开采和走私。決戰時刻，產業鏈供應鏈安全。";

int main(int argc, char **argv)
{
	glossa_dict_report_t rep = {0};
	glossa_dict_entry_t *e;
	glossa_dict_t *dict;
	struct stat sb;
	size_t len, n, n_pos = 0, *starts, n_seg = 0, total = 0;
	double t, c, t_build, t_open, *times, *cpu, t_seg, t_read;
	char *text, *msg = NULL, *r;
	int rounds = 20;

	if (argc != 3) {
		fprintf(stderr, "usage: dict CEDICT.u8.xz OUT.db\n");
		return 2;
	}
	if (!(text = read_xz(argv[1], &len))) {
		fprintf(stderr, "dict: cannot read %s with xz -dc\n", argv[1]);
		return 1;
	}
	t = now();
	if (glossa_dict_build(argv[2], text, len, NULL, &rep, &msg) !=
	    GLOSSA_OK) {
		fprintf(stderr, "dict: %s\n", msg);
		return 1;
	}
	t_build = now() - t;
	stat(argv[2], &sb);
	t = now();
	if (glossa_dict_open(argv[2], &dict, &msg) != GLOSSA_OK) {
		fprintf(stderr, "dict: %s\n", msg);
		return 1;
	}
	t_open = now() - t;

	/* a lookup at every position of the prose, rounds times over */
	times = malloc(sizeof(double) * sizeof(prose) * (size_t)rounds);
	cpu = malloc(sizeof(double) * sizeof(prose) * (size_t)rounds);
	for (int k = 0; k < rounds; k++)
		for (size_t off = 0; off < sizeof(prose) - 1;) {
			uint32_t cp;
			size_t step = glossa_utf8_decode(
			    prose + off, sizeof(prose) - 1 - off, &cp);
			t = now();
			c = cpu_now();
			if (glossa_dict_lookup(dict, prose + off,
			                       sizeof(prose) - 1 - off, &e,
			                       &n) != GLOSSA_OK)
				return 1;
			cpu[n_pos] = cpu_now() - c;
			times[n_pos++] = now() - t;
			total += n;
			glossa_dict_entries_free(e, n);
			off += step ? step : 1;
		}
	qsort(times, n_pos, sizeof(double), compare_double);
	qsort(cpu, n_pos, sizeof(double), compare_double);
	double sum = 0;
	for (size_t i = 0; i < n_pos; i++)
		sum += times[i];

	t = now();
	for (int k = 0; k < rounds; k++) {
		if (glossa_dict_segment(dict, prose, sizeof(prose) - 1, NULL, 0,
		                        &starts, &n_seg) != GLOSSA_OK)
			return 1;
		free(starts);
	}
	t_seg = (now() - t) / rounds;
	t = now();
	for (int k = 0; k < rounds; k++) {
		if (glossa_dict_reading(dict, prose, sizeof(prose) - 1, &r) !=
		    GLOSSA_OK)
			return 1;
		free(r);
	}
	t_read = (now() - t) / rounds;

	printf("\n## The dictionary (CC-CEDICT %s, %lld entries)\n\n",
	       rep.edition, (long long)rep.entries);
	printf("| what | measured | target |\n|---|---|---|\n");
	printf("| load the whole file (glossa_dict_build) | %.2f s | ≤ 5 s |\n",
	       t_build);
	printf("| text read | %.1f MB | |\n", (double)len / 1e6);
	printf("| dictionary file | %.1f MB | |\n", (double)sb.st_size / 1e6);
	printf("| open it | %.2f ms | |\n", t_open * 1e3);
	printf("| lookup, mean of %zu (%zu entries) | %.1f µs | ≤ 1 ms |\n",
	       n_pos, total, sum / (double)n_pos * 1e6);
	printf("| lookup, 99th percentile | %.1f µs | ≤ 1 ms |\n",
	       times[n_pos * 99 / 100] * 1e6);
	printf("| lookup, slowest | %.1f µs | ≤ 1 ms |\n",
	       times[n_pos - 1] * 1e6);
	printf("| lookup, slowest in CPU time | %.1f µs | ≤ 1 ms |\n",
	       cpu[n_pos - 1] * 1e6);
	printf("| segment %zu characters (%zu words) | %.2f ms | |\n",
	       glossa_utf8_count(prose, sizeof(prose) - 1), n_seg, t_seg * 1e3);
	printf("| reading of the same | %.2f ms | |\n", t_read * 1e3);
	glossa_dict_close(dict);
	glossa_dict_report_clear(&rep);
	free(times);
	free(cpu);
	free(text);
	return 0;
}
