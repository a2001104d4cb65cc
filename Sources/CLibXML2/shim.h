#ifndef LYNCTOPO_CLIBXML2_SHIM_H
#define LYNCTOPO_CLIBXML2_SHIM_H

/* xmlversion.h first, then drop ICU: Foundation carries its own ICU and the two
   UErrorCode definitions clash when both modules are imported together. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#endif
