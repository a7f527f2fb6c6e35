¶
,


Identity

Placeholder"serve*2.13.0.

xPlaceholder

outputIdentityx"ó
:Õ
Ò"Ï
_tf_keras_sequential²{"name": "sequential", "class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "Lambda", "config": {"name": "double", "function": ["4wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", null, null], "function_type": "lambda", "module": "__main__", "arguments": {}}}]}}
ý"ú
_tf_keras_layerâ{"name": "double", "class_name": "Lambda", "config": {"name": "double", "function": ["4wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", null, null], "function_type": "lambda", "module": "__main__", "arguments": {}}}