package dev.bindery.example;

import java.util.List;

/** The HTML page: the todos, a form to add one, a button to complete each, and the bind that served the page. */
final class TodoPage {
    private TodoPage() {
    }

    static String render(List<Todo> todos, long total, String servedBy, String reason, String error) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bindery todos</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}")
                .append("li{margin:.3rem 0}.done{text-decoration:line-through;color:#888}form.inline{display:inline}")
                .append(".bind{margin-top:2rem;padding:.5rem;background:#eef;border-radius:4px}")
                .append(".error{color:#b00}</style></head><body><h1>Todos</h1>");
        if (error != null) {
            html.append("<p class=\"error\">").append(escape(error)).append("</p>");
        }
        html.append("<form method=\"post\" action=\"/todos\"><input name=\"title\" maxlength=\"")
                .append(Todo.MAX_TITLE).append("\" placeholder=\"What needs doing?\" autofocus required> ")
                .append("<button>Add</button></form><ul>");
        for (Todo t : todos) {
            html.append("<li><span class=\"").append(t.isDone() ? "done" : "open").append("\">")
                    .append(escape(t.getTitle())).append("</span>");
            if (!t.isDone()) {
                html.append(" <form class=\"inline\" method=\"post\" action=\"/todos/").append(t.getId())
                        .append("/complete\"><button>Complete</button></form>");
            }
            html.append("</li>");
        }
        html.append("</ul><p>").append(todos.size()).append(" of ").append(total).append(" todos shown.</p>")
                .append("<p class=\"bind\">This page was served by bind <strong id=\"bind\">").append(escape(servedBy))
                .append("</strong> (").append(escape(reason)).append("). After you add or complete a todo, your ")
                .append("reads go to the primary for a few seconds (read-your-writes), then back to the replica.</p>")
                .append("<p>API: <a href=\"/api/todos\">/api/todos</a> &middot; <a href=\"/binds\">/binds</a></p>")
                .append("</body></html>");
        return html.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
