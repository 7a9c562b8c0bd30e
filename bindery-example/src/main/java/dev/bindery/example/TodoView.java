package dev.bindery.example;

import dev.bindery.javalin.CrudView;

import java.util.ArrayList;
import java.util.List;

/** The JSON API of todos: list (paginated), get, create, update, delete, with the title checked. */
public final class TodoView extends CrudView<Todo> {
    public TodoView() {
        super(Todo.class);
    }

    @Override
    protected List<String> validate(Todo todo) {
        List<String> problems = new ArrayList<>();
        if (todo.getTitle() == null || todo.getTitle().isBlank()) {
            problems.add("title must not be blank");
        } else if (todo.getTitle().length() > Todo.MAX_TITLE) {
            problems.add("title must be at most " + Todo.MAX_TITLE + " characters");
        }
        return problems;
    }
}
