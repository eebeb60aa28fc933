"""mo.ai: the chat types and model adapters of marimo's mo.ai.

They exist so a notebook that builds a ``mo.ui.chat`` runs in quire: the
types hold what they are given, the adapters of ``mo.ai.llm`` are made
without error, and calling one says that quire does not run chat models
(``mo.ui.chat`` is not shown in the terminal).
"""

__all__ = ["ChatAttachment", "ChatMessage", "ChatModelConfig", "llm"]


class _Record:
    """A plain record with marimo's fields (dataclasses cost the
    kernel's start-up more than these few classes need)."""

    _fields = ()

    def __init__(self, *args, **kwargs):
        names = [f for f, _ in self._fields]
        if len(args) > len(names):
            raise TypeError("%s takes at most %d arguments"
                            % (type(self).__name__, len(names)))
        given = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in given:
                raise TypeError("%s: unexpected or repeated argument %r"
                                % (type(self).__name__, k))
            given[k] = v
        for name, default in self._fields:
            if name in given:
                setattr(self, name, given[name])
            elif default is _REQUIRED:
                raise TypeError("%s: missing argument %r"
                                % (type(self).__name__, name))
            else:
                setattr(self, name, default() if callable(default)
                        else default)

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (f, getattr(self, f)) for f, _ in self._fields))


_REQUIRED = object()


class ChatAttachment(_Record):
    _fields = (("url", _REQUIRED), ("name", "attachment"),
               ("content_type", None))


class ChatMessage(_Record):
    _fields = (("role", _REQUIRED), ("content", _REQUIRED), ("id", ""),
               ("parts", list), ("attachments", None), ("metadata", None))


class ChatModelConfig(_Record):
    _fields = (("max_tokens", None), ("temperature", None), ("top_p", None),
               ("top_k", None), ("frequency_penalty", None),
               ("presence_penalty", None))


_SYSTEM = "You are a helpful assistant specializing in data science."


class _Model:
    """A model adapter: kept, never called."""

    _name = "model"

    def __call__(self, messages, config=None):
        raise RuntimeError("mo.ai.llm.%s: quire does not run chat models "
                           "(mo.ui.chat is not supported in the terminal)"
                           % self._name)

    def __repr__(self):
        return "mo.ai.llm.%s(%r)" % (self._name, getattr(self, "model", ""))


class _openai(_Model):
    _name = "openai"

    def __init__(self, model, *, system_message=_SYSTEM, api_key=None,
                 base_url=None):
        self.model = model
        self.system_message = system_message
        self.api_key = api_key
        self.base_url = base_url


class _anthropic(_openai):
    _name = "anthropic"


class _groq(_openai):
    _name = "groq"


class _google(_Model):
    _name = "google"

    def __init__(self, model, *, system_message=_SYSTEM, api_key=None):
        self.model = model
        self.system_message = system_message
        self.api_key = api_key


class _bedrock(_Model):
    _name = "bedrock"

    def __init__(self, model, *, system_message=_SYSTEM,
                 region_name="us-east-1", profile_name=None,
                 credentials=None, aws_access_key_id=None,
                 aws_secret_access_key=None):
        self.model = model
        self.system_message = system_message
        self.region_name = region_name
        self.profile_name = profile_name


class _pydantic_ai(_Model):
    _name = "pydantic_ai"

    def __init__(self, agent):
        self.agent = agent
        self.model = agent


class llm:
    """mo.ai.llm: openai, anthropic, google, groq, bedrock, pydantic_ai."""

    openai = _openai
    anthropic = _anthropic
    google = _google
    groq = _groq
    bedrock = _bedrock
    pydantic_ai = _pydantic_ai
