/* SPDX-License-Identifier: MIT */
/* Generic file ioctls (asm-generic/ioctls.h). */
#ifndef UAPI_IOCTLS_H
#define UAPI_IOCTLS_H

#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIOASYNC	0x5452

#endif
