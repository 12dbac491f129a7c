from django.http import Http404


def exercise_list(request, slug=None):  # replaced by the public pages issue
    raise Http404


def exercise_detail(request, slug):
    raise Http404
