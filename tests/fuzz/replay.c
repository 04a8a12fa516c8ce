/*
 * replay.c: run a fuzz target over the files of its corpus, without
 * libFuzzer, so that `make check` replays every corpus with any compiler
 * (and under ASan with `make check-asan`). A target reports a bug by
 * crashing or aborting; replay prints the file it was on first.
 *
 * usage: replay FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t len = 0, cap = 0, got;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (len + 65536 > cap) {
				cap = 2 * (len + 65536);
				if (!(data = realloc(data, cap)))
					return 1;
			}
			got = fread(data + len, 1, 65536, f);
			len += got;
		} while (got > 0);
		fclose(f);
		fprintf(stderr, "replay: %s\n", argv[i]);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
		n++;
	}
	printf("%d inputs replayed\n", n);
	return 0;
}
