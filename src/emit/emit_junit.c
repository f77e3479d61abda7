/*
 * emit_junit.c - drift as JUnit XML (the Jenkins/Ant format CI report
 * parsers read), written with libxml2 and described by schemas/junit.xsd.
 *
 *   <testsuites name tests failures errors time>
 *     <testsuite name tests failures errors skipped time timestamp?>
 *       <properties> pgstage.version, target, source </properties>
 *       <testcase classname="KIND" name="QUALIFIED NAME" time>
 *         <failure type="drift" message="one line">a line per difference</failure>
 *
 * One test case per object of the desired schema and per live-only object.
 * Report parsers sum failures per suite and show `message` in their
 * summaries, so the message carries every difference on one line and the
 * body repeats them one per line.
 *
 * Memory ownership: appends to the caller's StrBuf; scratch strings live
 * in a local arena; the writer is released here.
 */
#include "emit/export_int.h"
#include "emit/xml_out.h"

#define SUITE_NAME "pgstage drift"

static void start_suites(XmlOut *x, const ExportOptions *o, size_t tests, size_t failures,
			 size_t errors)
{
	double time = o ? o->duration_s : 0;
	xml_start(x, "testsuites");
	xml_attr(x, "name", SUITE_NAME);
	xml_attr_long(x, "tests", (long long) tests);
	xml_attr_long(x, "failures", (long long) failures);
	xml_attr_long(x, "errors", (long long) errors);
	xml_attr_double(x, "time", time);
	xml_start(x, "testsuite");
	xml_attr(x, "name", SUITE_NAME);
	xml_attr_long(x, "tests", (long long) tests);
	xml_attr_long(x, "failures", (long long) failures);
	xml_attr_long(x, "errors", (long long) errors);
	xml_attr_long(x, "skipped", 0);
	xml_attr_double(x, "time", time);
	xml_attr(x, "timestamp", o ? o->timestamp : NULL);
	xml_start(x, "properties");
	const char *props[][2] = {
		{"pgstage.version", PGSTAGE_VERSION},
		{"target", o ? o->target : NULL},
		{"source", o ? o->source : NULL},
	};
	for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
		if (!props[i][1])
			continue;
		xml_start(x, "property");
		xml_attr(x, "name", props[i][0]);
		xml_attr(x, "value", props[i][1]);
		xml_end(x);
	}
	xml_end(x);
}

static void end_suites(XmlOut *x)
{
	xml_end(x); /* testsuite */
	xml_end(x); /* testsuites */
}

static void put_failure(XmlOut *x, Arena *scratch, const DriftItem *it)
{
	StrBuf message = STRBUF_INIT, body = STRBUF_INIT;
	VEC_EACH(const Change *, ch, &it->changes) {
		const char *name = change_object_name(scratch, ch);
		const char *detail = drift_change_detail(ch);
		strbuf_printf(&message, "%s%s %s: %s", ch_i ? "; " : "", change_type_name(ch->type),
			      name, detail);
		strbuf_printf(&body, "%s %s: %s\n", change_type_name(ch->type), name, detail);
	}
	xml_start(x, "failure");
	xml_attr(x, "type", "drift");
	xml_attr(x, "message", message.buf);
	xml_text(x, body.buf);
	xml_end(x);
	strbuf_release(&message);
	strbuf_release(&body);
}

int emit_drift_junit(StrBuf *out, const DriftReport *r, const ExportOptions *o, PgsError *err)
{
	Arena *scratch = arena_new();
	XmlOut *x = xml_out_new();
	start_suites(x, o, r->items.len, r->n_drifted, 0);
	VEC_EACH(const DriftItem *, it, &r->items) {
		xml_start(x, "testcase");
		xml_attr(x, "classname", obj_kind_name(it->kind));
		xml_attr(x, "name", it->name);
		xml_attr(x, "time", "0");
		if (it->changes.len)
			put_failure(x, scratch, it);
		xml_end(x);
	}
	end_suites(x);
	int rc = xml_out_finish(x, out, err);
	arena_free(scratch);
	return rc;
}

int emit_drift_error_junit(StrBuf *out, const PgsError *failure, const ExportOptions *o,
			   PgsError *err)
{
	XmlOut *x = xml_out_new();
	start_suites(x, o, 1, 0, 1);
	xml_start(x, "testcase");
	xml_attr(x, "classname", "pgstage");
	xml_attr(x, "name", "drift check");
	xml_attr(x, "time", "0");
	xml_start(x, "error");
	xml_attr(x, "type", "error");
	xml_attr(x, "message", failure->message);
	StrBuf body = STRBUF_INIT;
	if (failure->file[0] && failure->line)
		strbuf_printf(&body, "%s:%d:%d: ", failure->file, failure->line, failure->col);
	else if (failure->file[0])
		strbuf_printf(&body, "%s: ", failure->file);
	strbuf_printf(&body, "error: %s\n", failure->message);
	if (failure->detail[0])
		strbuf_printf(&body, "detail: %s\n", failure->detail);
	if (failure->hint[0])
		strbuf_printf(&body, "hint: %s\n", failure->hint);
	xml_text(x, body.buf);
	strbuf_release(&body);
	xml_end(x);
	xml_end(x);
	end_suites(x);
	return xml_out_finish(x, out, err);
}
