"""Staff pages (login and logout are config.sso_views): rounds, notes, the editor, history and workflow."""

from django.urls import path

from budgetnotes.pages import (
    actions,
    comments,
    compare,
    editor,
    history,
    notes,
    notification_settings,
    queues,
    rounds,
    starting,
    years,
)

urlpatterns = [
    path("", rounds.round_list, name="round-list"),
    path("beskeder/", notification_settings.notification_settings, name="notification-settings"),
    path("liste/<slug:key>/", queues.queue_view, name="queue"),
    path("<slug:slug>/", rounds.round_detail, name="round-detail"),
    path("<slug:slug>/nyt-notat/", starting.note_new, name="note-new"),
    path("<slug:slug>/<code:code>/", notes.note_detail, name="note-detail"),
    path("<slug:slug>/<code:code>/kopier/", starting.note_copy, name="note-copy"),
    path("<slug:slug>/<code:code>/rediger/aar/", years.note_years, name="note-years"),
    path("<slug:slug>/<code:code>/rediger/", editor.note_edit, name="note-edit"),
    path(
        "<slug:slug>/<code:code>/rediger/totaler/",
        editor.note_edit_totals,
        name="note-edit-totals",
    ),
    path("<slug:slug>/<code:code>/historik/", history.note_history_view, name="note-history"),
    path("<slug:slug>/<code:code>/sammenlign/", compare.note_compare_view, name="note-compare"),
    path("<slug:slug>/<code:code>/kommentarer/", comments.comment_add, name="note-comment-add"),
    path(
        "<slug:slug>/<code:code>/kommentarer/<int:pk>/svar/",
        comments.comment_reply,
        name="note-comment-reply",
    ),
    path(
        "<slug:slug>/<code:code>/kommentarer/<int:pk>/loest/",
        comments.comment_resolve,
        name="note-comment-resolve",
    ),
    path(
        "<slug:slug>/<code:code>/kommentarer/<int:pk>/genaabn/",
        comments.comment_reopen,
        name="note-comment-reopen",
    ),
    path(
        "<slug:slug>/<code:code>/handling/<slug:action>/",
        actions.note_action,
        name="note-action",
    ),
]
