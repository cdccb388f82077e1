#ifndef ATELIERS_CLIBICAL_SHIM_H
#define ATELIERS_CLIBICAL_SHIM_H

#include <libical/ical.h>

/// `icalerrno` is a macro over a per-thread location; Swift cannot read it directly.
static inline icalerrorenum ateliers_icalerrno(void) { return icalerrno; }

/// Resets the per-thread error state before a call whose failure we want to observe.
static inline void ateliers_clear_icalerrno(void) { icalerror_clear_errno(); }

#endif
