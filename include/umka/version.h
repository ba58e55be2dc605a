/* SPDX-License-Identifier: MIT */
#ifndef UMKA_VERSION_H
#define UMKA_VERSION_H

#define UMKA_VERSION "0.1.0"
/* What uname -r reports: a Linux version programs accept, plus ours. */
#define UMKA_LINUX_COMPAT "6.1.0"

extern const char umka_banner[];

#endif
